/**
 * Every manager area's slice as it starts: in a new store, and again when the area locks, so nothing the last
 * manager saw or typed is left for the next.
 */
import { initialRefund } from './slices/refunds/initialState';
import { initialPeopleAdmin } from './slices/people/initialState';
import { initialReports } from './slices/reports/initialState';
import { initialSales } from './slices/sales/initialState';
import { initialSettings } from './slices/settings/initialState';
import { initialUnresolved } from './slices/unresolved/initialState';

export function initialAreas() {
  return {
    refund: initialRefund(),
    unresolved: initialUnresolved(),
    reports: initialReports(),
    sales: initialSales(),
    settings: initialSettings(),
    people: initialPeopleAdmin(),
  };
}
