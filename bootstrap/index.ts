// Composition root of the one-time setup: read and validate the bootstrap stack's config once, then build it.
import { loadBootstrapSettings } from "./config";
import { createBootstrap } from "./program";

export = createBootstrap(loadBootstrapSettings());
