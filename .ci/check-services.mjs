// Before the tests: are PostgreSQL and Redis reachable? If not, say how to start them, in one
// line each, instead of letting every test time out.
import net from 'node:net';

const services = [
  { name: 'PostgreSQL', variable: 'PF_TEST_DATABASE_URL', url: process.env.PF_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', port: 5432 },
  { name: 'Redis', variable: 'PF_TEST_REDIS_URL', url: process.env.PF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', port: 6379 },
];

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

let ok = true;
for (const service of services) {
  const { hostname, port } = new URL(service.url);
  const host = hostname.replace(/^\[|\]$/g, '');
  const target = `${host}:${port || service.port}`;
  if (!(await reachable(host, Number(port || service.port)))) {
    ok = false;
    console.error(`${service.name} is not reachable at ${target}: start it with "docker compose up -d postgres redis" (or point ${service.variable} at one).`);
  }
}
process.exit(ok ? 0 : 1);
