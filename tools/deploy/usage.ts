// The deploy command's help text: `npm run up -- --help`, `npm run down -- --help`, and on every argument error.

export const upUsage = `Usage: npm run up -- <stack> [options]
       npm run up -- --bootstrap [<name>]

Deploys the stack Pulumi.<stack>.yaml to Azure with the Pulumi Automation API: checks the prerequisites, finds the
one-time setup's outputs (bootstrap/), creates or selects the stack on its backend with its secrets provider, sets what
can be derived, shows what will be created and what it costs a month, registers the resource providers, deploys with
progress on screen, and prints the URL with a ready-to-paste command that calls the API with a token.

Options:
  --yes                    do not ask before deploying (required when not run from a terminal)
  --hostname <dns name>    the public host name (required for AKS; App Service uses <app>.azurewebsites.net)
  --bootstrap [<name>]     run the one-time setup bootstrap/Pulumi.<name>.yaml (default: subscription) instead;
                           needs Owner on the subscription and an Entra role that creates applications
  --help                   this text

A new <stack> without a stack file starts as the quick path: a dev stack on App Service, Entra sign-in, no DNS name
or certificate needed.`;

export const downUsage = `Usage: npm run down -- <stack> [options]

Destroys the stack's resources in one command, with progress on screen, then purges the soft-deleted Key Vault and
App Configuration store so that a later \`npm run up -- <stack>\` can take the same names again.

Options:
  --yes                    do not ask before destroying (required when not run from a terminal)
  --keep-names             do not purge: the soft-deleted vault and store stay recoverable, their names reserved
  --production             required to destroy a production stack (its data is locked and protected: see below)
  --help                   this text

A production stack refuses without --production: its storage account carries a CanNotDelete lock and its stateful
resources are protected in Pulumi's state; the command explains how to lift both before it destroys anything.`;
