// Composition root: read and validate the stack config once, then build the stack. Its return value is the stack's outputs.
import { loadSettings } from "./config";
import { createStack } from "./program";

export = createStack(loadSettings());
