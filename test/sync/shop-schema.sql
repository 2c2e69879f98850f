-- The shop's tables the sync reads, in the shop's own layout (columns it does not read included,
-- as a real install has them). {prefix} is the table prefix under test.
CREATE TABLE {prefix}eav_entity_type (
  entity_type_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity_type_code varchar(50) NOT NULL,
  entity_model varchar(255) NOT NULL DEFAULT '',
  UNIQUE KEY (entity_type_code)
);
CREATE TABLE {prefix}eav_attribute (
  attribute_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity_type_id smallint unsigned NOT NULL,
  attribute_code varchar(255) NOT NULL,
  backend_type varchar(8) NOT NULL DEFAULT 'static',
  frontend_label varchar(255) DEFAULT NULL,
  UNIQUE KEY (entity_type_id, attribute_code)
);
-- Binary collation: this install tells `Dup@…` from `dup@…`, which D1's lower() index does not.
CREATE TABLE {prefix}customer_entity (
  entity_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity_type_id smallint unsigned NOT NULL DEFAULT 1,
  attribute_set_id smallint unsigned NOT NULL DEFAULT 0,
  website_id smallint unsigned DEFAULT NULL,
  email varchar(255) COLLATE utf8mb4_bin DEFAULT NULL,
  group_id smallint unsigned NOT NULL DEFAULT 1,
  store_id smallint unsigned DEFAULT 0,
  created_at timestamp NOT NULL DEFAULT current_timestamp(),
  updated_at timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  is_active smallint unsigned NOT NULL DEFAULT 1,
  confirmation varchar(64) DEFAULT NULL,
  UNIQUE KEY (email, website_id)
);
CREATE TABLE {prefix}customer_entity_varchar (
  value_id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity_type_id smallint unsigned NOT NULL DEFAULT 0,
  attribute_id smallint unsigned NOT NULL DEFAULT 0,
  entity_id int unsigned NOT NULL DEFAULT 0,
  value varchar(255) DEFAULT NULL,
  UNIQUE KEY (entity_id, attribute_id)
);
CREATE TABLE {prefix}api_user (
  user_id mediumint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  firstname varchar(32) DEFAULT NULL,
  lastname varchar(32) DEFAULT NULL,
  email varchar(128) DEFAULT NULL,
  username varchar(40) DEFAULT NULL,
  api_key varchar(255) DEFAULT NULL,
  created timestamp NOT NULL DEFAULT current_timestamp(),
  modified timestamp NULL DEFAULT NULL ON UPDATE current_timestamp(),
  lognum smallint unsigned NOT NULL DEFAULT 0,
  reload_acl_flag smallint NOT NULL DEFAULT 0,
  is_active smallint NOT NULL DEFAULT 1,
  client_id varchar(40) DEFAULT NULL,
  client_secret varchar(255) DEFAULT NULL,
  allowed_store_ids text DEFAULT NULL,
  UNIQUE KEY (username),
  UNIQUE KEY (client_id)
);
CREATE TABLE {prefix}api_role (
  role_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id int unsigned NOT NULL DEFAULT 0,
  tree_level smallint unsigned NOT NULL DEFAULT 0,
  sort_order smallint unsigned NOT NULL DEFAULT 0,
  role_type varchar(1) NOT NULL DEFAULT '0',
  user_id int unsigned NOT NULL DEFAULT 0,
  role_name varchar(50) DEFAULT NULL
);
CREATE TABLE {prefix}api_rule (
  rule_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  role_id int unsigned NOT NULL DEFAULT 0,
  resource_id varchar(255) DEFAULT NULL,
  api_privileges varchar(20) DEFAULT NULL,
  assert_id int unsigned NOT NULL DEFAULT 0,
  role_type varchar(1) DEFAULT NULL,
  api_permission varchar(10) DEFAULT NULL
);
