// First: the build runs on preact/compat; this makes the few React 19 behaviours the screens rely on hold.
import '../react-semantics';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CustomerApp } from './CustomerApp';
import '../styles/customer.css';

const container = document.getElementById('customer-root');
if (!container) throw new Error('renderer/customer.html has no #customer-root element');

createRoot(container).render(
  <StrictMode>
    <CustomerApp />
  </StrictMode>,
);
