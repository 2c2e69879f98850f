-- Demo data for local development and tests only (README: "Demo credentials"). Never load in production.
-- INSERT OR IGNORE keeps `npm start` idempotent: a second run neither fails nor duplicates rows,
-- and does not undo the PBKDF2 upgrade of a legacy hash after a login.
-- Every password below is `password123`; customer 3 is stored as a legacy salted md5 (`hex:salt`).
-- confirmed_at: the demo shop holds the same accounts, so the copy counts as confirmed when seeded.
-- email_key: the email as the shop's database compares it (src/email-key.ts); for these, lower case.
INSERT OR IGNORE INTO customers (id, email, email_key, password_hash, first_name, last_name, is_active, confirmed_at) VALUES
  (1, 'customer@example.com', 'customer@example.com', '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC', 'Jane', 'Doe', 1, unixepoch()),
  (2, 'other@example.com', 'other@example.com', '$2y$10$2V0NBmhi2C9vdEhNQWhin.cErbB/b6s684p.uowFGrxWwZta7XURC', 'John', 'Roe', 1, unixepoch()),
  (3, 'legacy@example.com', 'legacy@example.com', '72d3d4e9bcaf89a84f3a53c741169d96:Xq7', 'Lee', 'Gacy', 1, unixepoch()),
  (4, 'inactive@example.com', 'inactive@example.com', '$2y$10$zW9wKrkbPyHKw1jidYzE4.vubTOd7WINWfp8aUMS94TsA2GOxwYX2', 'Ina', 'Active', 0, unixepoch());

-- Customer 6 has the shop's second factor on, as a sync would copy it (shop_password_hash = the
-- shop's own hash, second_factor = 1): every login of hers is sent to the shop with its twofa_code.
INSERT OR IGNORE INTO customers (id, email, email_key, password_hash, first_name, last_name, is_active, confirmed_at, shop_password_hash, second_factor) VALUES
  (6, 'twofa@example.com', 'twofa@example.com', '$2y$10$dlxy/9lt6bPGIYbTPE9yYOp30FD6GsQinVDBu3vNYW2XodMt5ZyaC', 'Tina', 'Two', 1, unixepoch(), '$2y$10$dlxy/9lt6bPGIYbTPE9yYOp30FD6GsQinVDBu3vNYW2XodMt5ZyaC', 1);

-- api_key / client_secret: demo-admin-key / demo-admin-secret and demo-catalog-key / demo-catalog-secret (bcrypt $2y$).
INSERT OR IGNORE INTO service_accounts (id, username, api_key_hash, client_id, client_secret_hash, is_active, allowed_store_ids, permissions, confirmed_at) VALUES
  (1, 'admin', '$2y$10$FQk.MnFqJ2wC7JVsjTHtY.gKUs2nZckTeQ7WIhnDqLx/oaXhnkVfa', 'maho_00000000000000000000000000000001', '$2y$10$k92V9FMFZOFUJHnb2J4R.OWsRZfjUE7qjevfO0BFz0lhARAhErQQG', 1, NULL, '["all"]', unixepoch()),
  (2, 'catalog', '$2y$10$EK7cpjMkOZ6EWRSZnTbHFOE5qy3YLKsWHa2YhPLAHeHlVL3hb33ua', 'maho_00000000000000000000000000000002', '$2y$10$P//H3f.NNGW28JrOBDfc.uua6EcbhyzTyOYYRudQq0aTxdSknCl12', 1, NULL, '["products/all","categories/all"]', unixepoch());
