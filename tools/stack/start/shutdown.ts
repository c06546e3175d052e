/** Something the stack started and stops on Ctrl-C. */
interface Stoppable {
  stop(): Promise<void>;
}

/** What Ctrl-C (or SIGTERM) stops: the processes first, all at once, then the database they use. */
export interface Running {
  add(service: Stoppable): void;
  addDatabase(database: Stoppable): void;
}

/** Stops everything added on SIGINT or SIGTERM, then exits. */
export function stopOnSignal(): Running {
  const services: Stoppable[] = [];
  const databases: Stoppable[] = [];
  const shutdown = async () => {
    console.log('\nstopping…');
    await Promise.all(services.map((s) => s.stop()));
    for (const database of databases) await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return { add: (service) => services.push(service), addDatabase: (database) => databases.push(database) };
}
