// The server render of the README's Next.js page, as one JSON line: { react, html }.
import { version } from 'react';
import { renderToString } from 'react-dom/server';
import 'a2e-avatar';
import 'a2e-avatar/client';
import SupportPage from './app/support/page';

console.log(JSON.stringify({ react: version, html: renderToString(<SupportPage />) }));
