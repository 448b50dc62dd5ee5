import { mount } from '../mount';
import { CustomerApp } from './CustomerApp';
import '../styles/customer.css';

mount('customer.html', 'customer-root', <CustomerApp />);
