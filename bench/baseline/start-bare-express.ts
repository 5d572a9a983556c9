import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../lib/repo-paths.ts';

export interface BareExpress {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const SERVER = fileURLToPath(new URL('./bare-express-server.ts', import.meta.url));

/** Starts the bare express baseline in a child process serving `body`; resolves once it listens. */
export async function startBareExpress(body: unknown, timeoutMs = 30_000): Promise<BareExpress> {
  const child = fork(SERVER, [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bare express baseline did not start within ${timeoutMs} ms`)), timeoutMs);
      child.once('message', (message: { port: number }) => {
        clearTimeout(timer);
        resolve(message.port);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the bare express baseline exited with code ${code}`));
      });
      child.send({ body });
    });
    if (child.pid === undefined) throw new Error('the bare express baseline has no pid');
    return { port, pid: child.pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
