import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Sign in' };
export { PlainLayout as default } from '../../src/plain-layout';
