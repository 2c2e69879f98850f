// Sample shop data for the demo origin (local demo and tests only). Shapes loosely follow the
// shop's API v2 answers; only enough to show a person what comes back through the gateway.

export const storeConfig = {
  storeCode: 'default',
  storeName: 'Demo Shop',
  baseUrl: 'http://shop.localhost/',
  defaultCurrency: 'EUR',
  allowedCurrencies: ['EUR', 'USD'],
  locale: 'en_US',
}

export const products = [
  { id: 1, sku: 'tee-blue', name: 'Blue T-Shirt', price: 19.9, categoryIds: [2] },
  { id: 2, sku: 'mug-white', name: 'White Mug', price: 9.5, categoryIds: [3] },
  { id: 3, sku: 'cap-black', name: 'Black Cap', price: 14.0, categoryIds: [2] },
]

export const categories = [
  { id: 1, name: 'Root', parentId: null },
  { id: 2, name: 'Clothing', parentId: 1 },
  { id: 3, name: 'Kitchen', parentId: 1 },
]

export const cmsPages = [
  { id: 1, identifier: 'home', title: 'Welcome to the Demo Shop' },
  { id: 2, identifier: 'about-us', title: 'About us' },
]

export const countries = [
  { id: 'DE', name: 'Germany' },
  { id: 'FR', name: 'France' },
  { id: 'US', name: 'United States' },
]
