// First: the build runs on preact/compat; this makes the few React 19 behaviours the screens rely on hold.
import './react-semantics';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';

const container = document.getElementById('root');
if (!container) throw new Error('renderer/index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
