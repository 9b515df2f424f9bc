import { get } from 'node:http';

export interface OpenEventStream {
  status: number;
  /** What came so far: ': connected' once the server listens, or a whole answer that ended. */
  body: string;
  close: () => void;
}

/**
 * Opens a Server-Sent Events request and answers once the server says it listens (`: connected`),
 * or once the answer ends or is not a 200 (then with its whole body). Call `close()` when done.
 */
export function openEventStream(url: string, headers: Record<string, string>): Promise<OpenEventStream> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers }, (res) => {
      let body = '';
      const answer = () => resolve({ status: res.statusCode ?? 0, body, close: () => req.destroy() });
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
        if (res.statusCode !== 200 || body.includes(': connected')) answer();
      });
      res.on('end', answer);
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
  });
}
