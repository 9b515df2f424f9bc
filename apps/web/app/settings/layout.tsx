import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'AI settings' };
export { PlainLayout as default } from '../../src/plain-layout';
