import type { Metadata } from 'next';

// Absolute: the parent segment's plain title ends the root's template for the segments under it.
export const metadata: Metadata = { title: { absolute: 'Document · Intake' } };
export { PlainLayout as default } from '../../../src/plain-layout';
