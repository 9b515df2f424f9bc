import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Imports' };
export { PlainLayout as default } from '../../src/plain-layout';
