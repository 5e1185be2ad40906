// The app's host.json as data: the infrastructure reads its defaults from here instead of spelling them again.
import hostJson from "../../host.json";

export { hostJson };
