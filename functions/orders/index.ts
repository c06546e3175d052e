import { defineFunction } from '../../shared/function.ts';
import { urlpatterns } from './urls.ts';

/** orders: GET and POST /api/orders/, GET /api/orders/{pk}/, as the monolith's SimpleRouter declares them. */
export const orders = defineFunction('orders', urlpatterns);
