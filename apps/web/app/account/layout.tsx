import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Your account' };
export { PlainLayout as default } from '../../src/plain-layout';
