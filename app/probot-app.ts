/**
 * The Probot application function: wiring only. Each handler is guard clauses plus one service call;
 * handlers grow with the GitHub integration.
 */
import type { ApplicationFunction } from 'probot';

export interface InstallationListener {
  /** Called when the App's installations change, so cached installation lookups are refreshed. */
  installationsChanged(): void;
}

export function shiplogApp(listener: InstallationListener): ApplicationFunction {
  return (app) => {
    app.on(['installation', 'installation_repositories'], async (context) => {
      context.log.info({ action: context.payload.action }, 'installation changed');
      listener.installationsChanged();
    });
  };
}
