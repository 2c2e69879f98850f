-- The demo accounts (README "Demo accounts") as rows of the shop's own tables, for
-- `npm run sync -- --demo`, which loads the shop's table layout first. Only the columns the sync
-- reads or the layout requires are named (test/sync/shop-schema.sql is the shop's own layout).
-- {prefix} is the table prefix. Every customer password is `password123`.
-- The shop's scopes: the admin website and store view 0 (ids 0 need NO_AUTO_VALUE_ON_ZERO, as the
-- shop's installer sets it), website 1 with store view 1.
SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO');
INSERT INTO {prefix}core_website (website_id, code, name, sort_order, default_group_id, is_default) VALUES
  (0, 'admin', 'Admin', 0, 0, 0), (1, 'base', 'Main Website', 0, 1, 1);
INSERT INTO {prefix}core_store (store_id, code, website_id, group_id, name, sort_order, is_active) VALUES
  (0, 'admin', 0, 0, 'Admin', 0, 1), (1, 'default', 1, 1, 'Default Store View', 0, 1);
-- The second factor is allowed shop-wide (customer/password/allow_2fa, the shop's default).
INSERT INTO {prefix}core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'customer/password/allow_2fa', '1');

INSERT INTO {prefix}eav_entity_type (entity_type_id, entity_type_code, entity_model, attribute_model, entity_table) VALUES
  (1, 'customer', 'customer/customer', 'customer/attribute', 'customer/entity');
INSERT INTO {prefix}eav_attribute (attribute_id, entity_type_id, attribute_code, backend_type) VALUES
  (5, 1, 'firstname', 'varchar'), (7, 1, 'lastname', 'varchar'), (12, 1, 'password_hash', 'varchar'), (16, 1, 'confirmation', 'varchar');

-- Customers 6 and 7 have the shop's second factor on (twofa_secret as the shop stores it: encrypted
-- with its key; the sync never reads it). None has a pending `confirmation`.
INSERT INTO {prefix}customer_entity (entity_id, entity_type_id, attribute_set_id, website_id, email, group_id, store_id, is_active, created_at, updated_at, twofa_enabled, twofa_secret) VALUES
  (1, 1, 1, 1, 'customer@example.com', 1, 1, 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 0, NULL),
  (2, 1, 1, 1, 'other@example.com', 1, 1, 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 0, NULL),
  (3, 1, 1, 1, 'legacy@example.com', 1, 1, 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 0, NULL),
  (4, 1, 1, 1, 'inactive@example.com', 1, 1, 0, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 0, NULL),
  (5, 1, 1, 1, 'shop-only@example.com', 1, 1, 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 0, NULL),
  (6, 1, 1, 1, 'twofa@example.com', 1, 1, 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 1, 'aes-256-gcm:3:ZGVtbw==:bm90IGEgcmVhbCBjaXBoZXJ0ZXh0'),
  (7, 1, 1, 1, 'twofa-shop@example.com', 1, 1, 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 1, 'aes-256-gcm:3:ZGVtbw==:bm90IGEgcmVhbCBjaXBoZXJ0ZXh0');
INSERT INTO {prefix}customer_entity_varchar (entity_type_id, attribute_id, entity_id, value) VALUES
  (1, 5, 1, 'Jane'), (1, 7, 1, 'Doe'), (1, 12, 1, '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC'),
  (1, 5, 2, 'John'), (1, 7, 2, 'Roe'), (1, 12, 2, '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC'),
  (1, 5, 3, 'Lee'), (1, 7, 3, 'Gacy'), (1, 12, 3, '72d3d4e9bcaf89a84f3a53c741169d96:Xq7'),
  (1, 5, 4, 'Ina'), (1, 7, 4, 'Active'), (1, 12, 4, '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC'),
  (1, 5, 5, 'Sam'), (1, 7, 5, 'Shop'), (1, 12, 5, '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC'),
  (1, 5, 6, 'Tina'), (1, 7, 6, 'Two'), (1, 12, 6, '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC'),
  (1, 5, 7, 'Theo'), (1, 7, 7, 'Shop'), (1, 12, 7, '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC');

-- API users: api_key and client_secret are bcrypt hashes of the README's demo-*-key / demo-*-secret.
INSERT INTO {prefix}api_user (user_id, username, api_key, client_id, client_secret, is_active, allowed_store_ids, modified) VALUES
  (1, 'admin', '$2y$10$LZpkikASR2zneWSrpqid3uTrqpsaqkf87PD6kopYS.7c/T1TIWaaK', 'maho_00000000000000000000000000000001', '$2y$10$8IKNDpbGQwTvIAbZfQNN.OxS7F7APc/klz.Vwkskx9jy1/y1VmIFi', 1, NULL, '2026-01-01 10:00:00'),
  (2, 'catalog', '$2y$10$TFUbtI3PYC59Sj7rcT61B.zhH5crqJJ29m1IMP8k0AEi2spN6d3B6', 'maho_00000000000000000000000000000002', '$2y$10$KAjc67/LEGNUvN.iykeso.P6mrZzGGpRliKh3Bwp6XF2SOxAAYnmm', 1, NULL, '2026-01-01 10:00:00'),
  (3, 'integration', '$2y$10$QaNKP0LIlvmAovP5bpYjpejY3IM3nY.zq7fzYeK5PKC1FTgpGweGq', 'maho_00000000000000000000000000000003', '$2y$10$Ejs4HQQh.aDI9E9Cu0iLu.SRzkIcJB7XveNeenq5Vx8RzAap29Xb2', 1, NULL, '2026-01-01 10:00:00');
-- Groups (G) with their allowed resources, and each user (U) in its group.
INSERT INTO {prefix}api_role (role_id, parent_id, tree_level, role_type, user_id, role_name) VALUES
  (1, 0, 1, 'G', 0, 'Administrators'), (2, 0, 1, 'G', 0, 'Catalog'), (3, 0, 1, 'G', 0, 'Orders'),
  (4, 1, 2, 'U', 1, 'admin'), (5, 2, 2, 'U', 2, 'catalog'), (6, 3, 2, 'U', 3, 'integration');
INSERT INTO {prefix}api_rule (role_id, resource_id, role_type, api_permission) VALUES
  (1, 'all', 'G', 'allow'), (2, 'products/all', 'G', 'allow'), (2, 'categories/all', 'G', 'allow'), (3, 'orders/read', 'G', 'allow');
