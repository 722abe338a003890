/**
 * `npm start`: reads the configuration, starts Shiplog, stops cleanly on SIGTERM/SIGINT.
 */
import { ConfigError, readConfig } from './config.js';
import { createLogger } from './logger.js';
import { createShiplog } from './shiplog.js';
import { FileLockError } from './store/lowdb/file-lock.js';

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const shiplog = await createShiplog({ config, logger });
  await shiplog.server.listen({ port: config.port, host: config.host });
  logger.info(
    { data: config.dataPath, github: config.github ? 'configured' : 'unconfigured' },
    'Shiplog is ready',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    shiplog.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof FileLockError) {
    console.error(`Shiplog cannot start: ${error.message}`);
  } else {
    console.error('Shiplog cannot start:', error);
  }
  process.exit(1);
});
