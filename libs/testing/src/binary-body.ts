/** What supertest hands a parser: the response, as a stream of chunks. */
interface ChunkStream {
  on(event: 'data' | 'end' | 'error', listener: (value: Buffer & Error) => void): unknown;
}

/** For supertest's `.buffer(true).parse(binaryBody)`: the response body as one Buffer, whatever its type. */
export function binaryBody(response: ChunkStream, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk) => chunks.push(chunk));
  response.on('error', (error) => done(error, Buffer.alloc(0)));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}
