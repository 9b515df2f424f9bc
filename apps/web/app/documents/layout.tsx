import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Documents' };
export { PlainLayout as default } from '../../src/plain-layout';
