import { mount } from './mount';
import App from './App';

mount('index.html', 'root', <App />);
