import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

function toOpenApi(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;
}

export interface ApiContractOptions {
  body?: z.ZodType;
  /** Each property becomes a query parameter. */
  query?: z.ZodType;
  /** A multipart upload: the form field that carries the files. */
  files?: string;
  response?: z.ZodType;
  /** A file answered instead of JSON: its media types. */
  file?: string[];
  /** With `file`: the JSON the route answers instead of the file when asked to check first. */
  fileCheck?: z.ZodType;
  /** The success status, or several that answer with the same schema. */
  status?: number | number[];
}

/** Documents a route's body, query and success response from the contract schemas it is validated with. */
export function ApiContract(options: ApiContractOptions) {
  const decorators = [];
  if (options.body) decorators.push(ApiBody({ schema: toOpenApi(options.body, 'input') }));
  if (options.query) {
    const { properties = {}, required = [] } = toOpenApi(options.query, 'input');
    for (const [name, schema] of Object.entries(properties)) decorators.push(ApiQuery({ name, required: required.includes(name), schema }));
  }
  if (options.files) {
    decorators.push(
      ApiConsumes('multipart/form-data'),
      ApiBody({ schema: { type: 'object', required: [options.files], properties: { [options.files]: { type: 'array', items: { type: 'string', format: 'binary' } } } } }),
    );
  }
  if (options.response) {
    const schema = toOpenApi(options.response, 'output');
    for (const status of [options.status ?? 200].flat()) decorators.push(ApiResponse({ status, schema }));
  }
  if (options.file) {
    const content: Record<string, { schema: JsonSchema }> = Object.fromEntries(options.file.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));
    if (options.fileCheck) content['application/json'] = { schema: toOpenApi(options.fileCheck, 'output') };
    const description = options.fileCheck ? 'The file; with check=true, what it would hold, as JSON' : 'The file';
    decorators.push(ApiProduces(...Object.keys(content)), ApiResponse({ status: 200, description, content }));
  }
  return applyDecorators(...decorators);
}
