import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './i18n/i18n';
import './styles/base.css';
import './styles/layout.css';
import './styles/cases.css';
import './styles/forms.css';
import './styles/case.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
