-- The shop's tables the sync reads, transcribed column for column (types, defaults, NULLs, keys)
-- from the shop's own Doctrine schema files:
--   app/code/core/Mage/Core/sql/schema.php        core_website, core_store, core_config_data
--   app/code/core/Mage/Eav/sql/schema.php         eav_entity_type, eav_attribute
--   app/code/core/Mage/Customer/sql/schema.php    customer_entity, customer_entity_varchar
--   app/code/core/Mage/Api/sql/schema.php         api_user, api_role, api_rule
--   app/code/core/Maho/ApiPlatform/sql/schema.php api_user.client_id, client_secret, allowed_store_ids
-- of MahoCommerce/maho main at 76a889c7451e7bc9b39ce16d24718343fec33857 and 26.7 at
-- ea824c6114c3b62ca57719b0ae7d93b6528c2bd8. The two lines are the same for every table here (they
-- differ only in the names of two API Platform tables the sync does not read).
-- Doctrine's types as MariaDB writes them: SMALLINT → smallint, INTEGER → int, STRING → varchar(n),
-- TEXT → text, DATETIME_MUTABLE → datetime (CurrentTimestamp → DEFAULT current_timestamp(); no
-- ON UPDATE: the shop's models write updated_at themselves). Left out: the foreign keys (the sync
-- never writes; the fixture loads rows in any order) and the tables' comments.
-- One install choice on top: customer_entity.email has a binary collation, so this install tells
-- `Dup@…` from `dup@…` in one website, which D1's lower() index does not (the sync skips one).
-- {prefix} is the table prefix under test.
CREATE TABLE {prefix}core_website (
  website_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code varchar(32) DEFAULT NULL,
  name varchar(64) DEFAULT NULL,
  sort_order smallint unsigned NOT NULL DEFAULT 0,
  default_group_id smallint unsigned NOT NULL DEFAULT 0,
  is_default smallint unsigned DEFAULT 0,
  UNIQUE KEY (code),
  KEY (sort_order),
  KEY (default_group_id)
);
CREATE TABLE {prefix}core_store (
  store_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code varchar(32) DEFAULT NULL,
  website_id smallint unsigned NOT NULL DEFAULT 0,
  group_id smallint unsigned NOT NULL DEFAULT 0,
  name varchar(255) NOT NULL,
  sort_order smallint unsigned NOT NULL DEFAULT 0,
  is_active smallint unsigned NOT NULL DEFAULT 0,
  UNIQUE KEY (code),
  KEY (website_id)
);
CREATE TABLE {prefix}core_config_data (
  config_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  scope varchar(8) NOT NULL DEFAULT 'default',
  scope_id int NOT NULL DEFAULT 0,
  path varchar(255) NOT NULL DEFAULT 'general',
  value text DEFAULT NULL,
  updated_at datetime DEFAULT NULL,
  UNIQUE KEY (scope, scope_id, path)
);
CREATE TABLE {prefix}eav_entity_type (
  entity_type_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity_type_code varchar(50) NOT NULL,
  entity_model varchar(255) NOT NULL,
  attribute_model varchar(255) DEFAULT NULL,
  entity_table varchar(255) DEFAULT NULL,
  value_table_prefix varchar(255) DEFAULT NULL,
  entity_id_field varchar(255) DEFAULT NULL,
  is_data_sharing smallint unsigned NOT NULL DEFAULT 1,
  data_sharing_key varchar(100) DEFAULT 'default',
  default_attribute_set_id smallint unsigned NOT NULL DEFAULT 0,
  increment_model varchar(255) DEFAULT '',
  increment_per_store smallint unsigned NOT NULL DEFAULT 0,
  increment_pad_length smallint unsigned NOT NULL DEFAULT 8,
  increment_pad_char varchar(1) NOT NULL DEFAULT '0',
  additional_attribute_table varchar(255) DEFAULT '',
  entity_attribute_collection varchar(255) DEFAULT NULL,
  KEY (entity_type_code)
);
CREATE TABLE {prefix}eav_attribute (
  attribute_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity_type_id smallint unsigned NOT NULL DEFAULT 0,
  attribute_code varchar(255) DEFAULT NULL,
  attribute_model varchar(255) DEFAULT NULL,
  backend_model varchar(255) DEFAULT NULL,
  backend_type varchar(8) NOT NULL DEFAULT 'static',
  backend_table varchar(255) DEFAULT NULL,
  frontend_model varchar(255) DEFAULT NULL,
  frontend_input varchar(50) DEFAULT NULL,
  frontend_label varchar(255) DEFAULT NULL,
  frontend_class varchar(255) DEFAULT NULL,
  source_model varchar(255) DEFAULT NULL,
  is_required smallint unsigned NOT NULL DEFAULT 0,
  is_user_defined smallint unsigned NOT NULL DEFAULT 0,
  default_value text DEFAULT NULL,
  is_unique smallint unsigned NOT NULL DEFAULT 0,
  note varchar(255) DEFAULT NULL,
  UNIQUE KEY (entity_type_id, attribute_code),
  KEY (entity_type_id)
);
CREATE TABLE {prefix}customer_entity (
  entity_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity_type_id smallint unsigned NOT NULL DEFAULT 0,
  attribute_set_id smallint unsigned NOT NULL DEFAULT 0,
  website_id smallint unsigned DEFAULT NULL,
  email varchar(255) COLLATE utf8mb4_bin DEFAULT NULL,
  group_id smallint unsigned NOT NULL DEFAULT 0,
  increment_id varchar(50) DEFAULT NULL,
  store_id smallint unsigned DEFAULT 0,
  created_at datetime NOT NULL DEFAULT current_timestamp(),
  updated_at datetime NOT NULL DEFAULT current_timestamp(),
  is_active smallint unsigned NOT NULL DEFAULT 1,
  disable_auto_group_change smallint unsigned NOT NULL DEFAULT 0,
  twofa_enabled smallint NOT NULL DEFAULT 0,
  twofa_secret varchar(255) DEFAULT NULL,
  KEY (store_id),
  KEY (entity_type_id),
  UNIQUE KEY (email, website_id),
  KEY (website_id)
);
CREATE TABLE {prefix}customer_entity_varchar (
  value_id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity_type_id smallint unsigned NOT NULL DEFAULT 0,
  attribute_id smallint unsigned NOT NULL DEFAULT 0,
  entity_id int unsigned NOT NULL DEFAULT 0,
  value varchar(255) DEFAULT NULL,
  UNIQUE KEY (entity_id, attribute_id),
  KEY (entity_type_id),
  KEY (attribute_id),
  KEY (entity_id),
  KEY (entity_id, attribute_id, value)
);
CREATE TABLE {prefix}api_role (
  role_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id int unsigned NOT NULL DEFAULT 0,
  tree_level smallint unsigned NOT NULL DEFAULT 0,
  sort_order smallint unsigned NOT NULL DEFAULT 0,
  role_type varchar(1) NOT NULL DEFAULT '0',
  user_id int unsigned NOT NULL DEFAULT 0,
  role_name varchar(50) DEFAULT NULL,
  KEY (parent_id, sort_order),
  KEY (tree_level)
);
CREATE TABLE {prefix}api_rule (
  rule_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  role_id int unsigned NOT NULL DEFAULT 0,
  resource_id varchar(255) DEFAULT NULL,
  api_privileges varchar(20) DEFAULT NULL,
  assert_id int unsigned NOT NULL DEFAULT 0,
  role_type varchar(1) DEFAULT NULL,
  api_permission varchar(10) DEFAULT NULL,
  KEY (resource_id, role_id),
  KEY (role_id, resource_id)
);
CREATE TABLE {prefix}api_user (
  user_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  firstname varchar(32) DEFAULT NULL,
  lastname varchar(32) DEFAULT NULL,
  email varchar(128) DEFAULT NULL,
  username varchar(40) DEFAULT NULL,
  api_key varchar(255) DEFAULT NULL,
  created datetime NOT NULL DEFAULT current_timestamp(),
  modified datetime DEFAULT NULL,
  lognum int unsigned NOT NULL DEFAULT 0,
  reload_acl_flag smallint NOT NULL DEFAULT 0,
  is_active smallint NOT NULL DEFAULT 1,
  client_id varchar(64) DEFAULT NULL,
  client_secret varchar(255) DEFAULT NULL,
  allowed_store_ids text DEFAULT NULL,
  UNIQUE KEY (client_id)
);
