import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Import databases' };
export { PlainLayout as default } from '../../src/plain-layout';
