import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Shell } from '../src/shell';
import './globals.css';

// Each segment's layout names its pages, so the title is in the served HTML and Next keeps it on navigation.
export const metadata: Metadata = { title: { default: 'Intake', template: '%s · Intake' }, description: 'Spreadsheets and PDFs in, behind one login.' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Shell>{children}</Shell>
      </body>
    </html>
  );
}
