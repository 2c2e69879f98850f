CREATE TABLE `refusal_counts` (
	`minute` integer NOT NULL,
	`reason` text NOT NULL,
	`route` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`minute`, `reason`, `route`)
);
