--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: contacts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.contacts (
    id integer NOT NULL,
    first_name character varying(60) NOT NULL,
    last_name character varying(60),
    email character varying(120),
    phone character varying(30),
    iban character varying(34),
    city character varying(60) DEFAULT 'Utrecht'::character varying,
    birth_date date,
    newsletter_opt_in boolean DEFAULT true,
    notes text,
    created_at timestamp without time zone DEFAULT now()
);


--
-- Name: products; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.products (
    sku character varying(20) NOT NULL,
    name character varying(80),
    price numeric(8,2) DEFAULT 0
);


--
-- Data for Name: contacts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (1, 'Zoë', 'Vos', 'zoe.vos42@kpnmail.nl', '06 41348951', 'NL61ABNA4594991603', 'Amsterdam', '1952-02-02', false, 'Belde op 06 41348951; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (2, 'Anouk', 'Smit', 'anouk.smit66@ziggo.nl', '06 30697902', 'NL38BUNQ6415683559', 'Zwolle', '1954-03-03', false, 'Belde op 06 30697902; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (3, 'Noor', 'Visser', 'noor.visser16@planet.nl', '06 20046853', 'NL12RABO1333232247', 'Eindhoven', '1956-04-04', true, 'Belde op 06 20046853; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (4, 'Loïs', 'de Vries', 'lois.devries15@ziggo.nl', '06 49395804', 'NL71KNAB0616373584', 'Den Haag', '1958-05-05', false, 'Belde op 06 49395804; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (5, 'Zoë', 'Wouters', 'zoe.wouters59@xs4all.nl', '06 38744755', 'NL63ASNB7836547772', 'Breda', '1960-06-06', false, 'Belde op 06 38744755; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (6, 'Joris', 'Visser', 'joris.visser83@planet.nl', '06 28093706', 'NL74RABO3428235385', 'Groningen', '1962-07-07', true, 'Belde op 06 28093706; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (7, 'Fleur', 'Maes', 'fleur.maes6@planet.nl', '06 17442657', 'NL45RABO7930892972', 'Zwolle', '1964-08-08', false, 'Belde op 06 17442657; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (8, 'Maaike', 'Vos', 'maaike.vos34@outlook.com', '06 46791608', 'NL47TRIO6347356667', 'Amsterdam', '1966-09-09', false, 'Belde op 06 46791608; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (9, 'Jan', 'Bakker', 'jan.bakker81@telenet.be', '06 36140559', 'NL24BUNQ5900833710', 'Maastricht', '1968-10-10', true, 'Belde op 06 36140559; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (10, 'Jan', 'Dekker', 'jan.dekker21@ziggo.nl', '06 25489510', 'NL14INGB1071567401', 'Maastricht', '1970-11-11', false, 'Belde op 06 25489510; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (11, 'Pieter', 'Dekker', 'pieter.dekker74@gmail.com', '06 14838461', 'NL80SNSB1666376947', 'Nijmegen', '1972-12-12', false, 'Belde op 06 14838461; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (12, 'Loïs', 'Jansen', 'lois.jansen60@outlook.com', '06 44187412', 'NL07INGB2373969843', 'Amsterdam', '1974-01-13', true, 'Belde op 06 44187412; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (13, 'Sanne', 'Bakker', 'sanne.bakker70@outlook.com', '06 33536363', 'NL33INGB7201773641', 'Eindhoven', '1976-02-14', false, 'Belde op 06 33536363; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (14, 'Bram', 'Groot', 'bram.groot29@kpnmail.nl', '06 22885314', 'NL75SNSB1416199293', 'Rotterdam', '1978-03-15', false, 'Belde op 06 22885314; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (15, 'Chloé', 'Mulder', 'chloe.mulder60@hotmail.com', '06 12234265', 'NL41KNAB7416645260', 'Breda', '1980-04-16', true, 'Belde op 06 12234265; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (16, 'Jan', 'Claes', 'jan.claes7@kpnmail.nl', '06 41583216', 'NL64BUNQ5460529038', 'Leeuwarden', '1982-05-17', false, 'Belde op 06 41583216; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (17, 'Daan', 'Kok', 'daan.kok86@kpnmail.nl', '06 30932167', 'NL88ABNA4371616316', 'Amsterdam', '1984-06-18', false, 'Belde op 06 30932167; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (18, 'Emma', 'Groot', 'emma.groot18@telenet.be', '06 20281118', 'NL92INGB3097372294', 'Eindhoven', '1986-07-19', true, 'Belde op 06 20281118; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (19, 'Noor', 'Brouwer', 'noor.brouwer55@kpnmail.nl', '06 49630069', 'NL82TRIO9026414072', 'Rotterdam', '1988-08-20', false, 'Belde op 06 49630069; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');
INSERT INTO public.contacts (id, first_name, last_name, email, phone, iban, city, birth_date, newsletter_opt_in, notes, created_at) VALUES (20, 'Emma', 'Dijkstra', 'emma.dijkstra48@gmail.com', '06 38979020', 'NL61KNAB9474929416', 'Tilburg', '1990-09-21', false, 'Belde op 06 38979020; it''s "urgent"	met tab', '2026-11-24 04:55:19.328047');


--
-- Data for Name: products; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.products (sku, name, price) VALUES ('P-1', 'Koffie', 12.50);
INSERT INTO public.products (sku, name, price) VALUES ('P-2', 'Thee', 4.25);


--
-- Name: contacts contacts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts
    ADD CONSTRAINT contacts_pkey PRIMARY KEY (id);


--
-- Name: products products_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (sku);


--
-- PostgreSQL database dump complete
--


