// The monolith's orders.models.Order: its choices (value, label), as TextChoices declares them.

/** Order.Product */
export const PRODUCTS = [
  ['diesel', 'Diesel'],
  ['petrol', 'Petrol'],
  ['adblue', 'AdBlue'],
  ['ev_charge', 'EV charge'],
] as const;

/** Order.Status */
export const STATUSES = [
  ['pending', 'Pending'],
  ['confirmed', 'Confirmed'],
  ['dispatched', 'Dispatched'],
  ['delivered', 'Delivered'],
  ['cancelled', 'Cancelled'],
] as const;
