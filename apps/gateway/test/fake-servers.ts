import { createServer, type Server, type Socket } from 'node:net';

export interface FakeServer {
  port: number;
  stop(): Promise<void>;
}

async function listen(onSocket: (socket: Socket) => void): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/**
 * The PostgreSQL on test machines trusts every local connection, so a wrong password cannot fail
 * there. This speaks just enough of the protocol to ask for a password and refuse it (28P01), as a
 * server with password authentication does.
 */
export function startPasswordRefusingServer(): Promise<FakeServer> {
  return listen((socket) => {
    let stage = 0;
    socket.on('data', () => {
      if (stage++ === 0) {
        const cleartext = Buffer.alloc(4);
        cleartext.writeInt32BE(3);
        socket.write(message('R', cleartext));
        return;
      }
      const fields = ['SFATAL', 'VFATAL', 'C28P01', 'Mpassword authentication failed for user "postgres"'];
      socket.end(message('E', Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`, 'utf8')), Buffer.from([0])])));
    });
  });
}

/** Accepts connections and never says a word: a firewall that swallows packets, or a hung server. */
export function startSilentServer(): Promise<FakeServer> {
  return listen(() => undefined);
}
