import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Shell } from '../src/shell';
import './globals.css';

export const metadata: Metadata = { title: 'Intake', description: 'Spreadsheets and PDFs in, behind one login.' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Shell>{children}</Shell>
      </body>
    </html>
  );
}
