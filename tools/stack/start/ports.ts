import { isPortFree } from '../ports.ts';

/** The fixed ports the stack listens on, each checked free before anything starts. */
export interface StackPorts {
  loadBalancer: number;
  dispatch: number;
  /** FUNCTIONS_PORT and up, for each function and then the relay's health, each checked as it is taken. */
  next: (what: string) => Promise<number>;
}

/** A port, or one line saying what holds it and which variable moves it. */
export async function requirePort(port: number, what: string, variable: string): Promise<number> {
  if (!(await isPortFree(port))) throw new Error(`port ${port} (${what}) is in use: stop what listens there or set ${variable}`);
  return port;
}

/** Checks the stack's ports (PORT, DISPATCH_PORT; FUNCTIONS_PORT and up as they are taken; the reference monolith checks its own). */
export async function reservePorts(loadBalancerPort: number): Promise<StackPorts> {
  const loadBalancer = await requirePort(loadBalancerPort, 'load balancer', 'PORT or --port');
  const dispatch = await requirePort(Number(process.env.DISPATCH_PORT ?? 9100), 'dispatch stand-in', 'DISPATCH_PORT');
  let next = Number(process.env.FUNCTIONS_PORT ?? 8081);
  return { loadBalancer, dispatch, next: (what) => requirePort(next++, what, 'FUNCTIONS_PORT') };
}
