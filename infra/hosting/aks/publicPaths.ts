// TODO(lead): take these from the app's route table once it lands.
export const publicPaths = ["/api/submit/", "/api/status/"];
