import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Users' };
export { PlainLayout as default } from '../../src/plain-layout';
