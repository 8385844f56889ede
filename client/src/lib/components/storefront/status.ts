/** Map colours of storefront statuses (the legend and list name the status in words too). */
export const STATUS_COLOURS: Record<string, string> = {
  vacant: '#1e8a3c',
  reserved: '#c77700',
  in_use: '#0b5cad',
  let: '#6b7580',
};
