/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: crm
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `contacts`
--

DROP TABLE IF EXISTS `contacts`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `contacts` (
  `id` int(11) NOT NULL,
  `first_name` varchar(60) NOT NULL,
  `last_name` varchar(60) DEFAULT NULL,
  `email` varchar(120) DEFAULT NULL,
  `phone` varchar(30) DEFAULT NULL,
  `iban` varchar(34) DEFAULT NULL,
  `city` varchar(60) DEFAULT 'Utrecht',
  `birth_date` date DEFAULT NULL,
  `newsletter_opt_in` tinyint(1) DEFAULT 1,
  `notes` text DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `contacts`
--

LOCK TABLES `contacts` WRITE;
/*!40000 ALTER TABLE `contacts` DISABLE KEYS */;
INSERT INTO `contacts` VALUES
(1,'Zoë','Vos','zoe.vos42@kpnmail.nl','06 41348951','NL61ABNA4594991603','Amsterdam','1952-02-02',0,'Belde op 06 41348951; it\'s \"urgent\"	met tab'),
(2,'Anouk','Smit','anouk.smit66@ziggo.nl','06 30697902','NL38BUNQ6415683559','Zwolle','1954-03-03',0,'Belde op 06 30697902; it\'s \"urgent\"	met tab'),
(3,'Noor','Visser','noor.visser16@planet.nl','06 20046853','NL12RABO1333232247','Eindhoven','1956-04-04',1,'Belde op 06 20046853; it\'s \"urgent\"	met tab'),
(4,'Loïs','de Vries','lois.devries15@ziggo.nl','06 49395804','NL71KNAB0616373584','Den Haag','1958-05-05',0,'Belde op 06 49395804; it\'s \"urgent\"	met tab'),
(5,'Zoë','Wouters','zoe.wouters59@xs4all.nl','06 38744755','NL63ASNB7836547772','Breda','1960-06-06',0,'Belde op 06 38744755; it\'s \"urgent\"	met tab'),
(6,'Joris','Visser','joris.visser83@planet.nl','06 28093706','NL74RABO3428235385','Groningen','1962-07-07',1,'Belde op 06 28093706; it\'s \"urgent\"	met tab'),
(7,'Fleur','Maes','fleur.maes6@planet.nl','06 17442657','NL45RABO7930892972','Zwolle','1964-08-08',0,'Belde op 06 17442657; it\'s \"urgent\"	met tab'),
(8,'Maaike','Vos','maaike.vos34@outlook.com','06 46791608','NL47TRIO6347356667','Amsterdam','1966-09-09',0,'Belde op 06 46791608; it\'s \"urgent\"	met tab'),
(9,'Jan','Bakker','jan.bakker81@telenet.be','06 36140559','NL24BUNQ5900833710','Maastricht','1968-10-10',1,'Belde op 06 36140559; it\'s \"urgent\"	met tab'),
(10,'Jan','Dekker','jan.dekker21@ziggo.nl','06 25489510','NL14INGB1071567401','Maastricht','1970-11-11',0,'Belde op 06 25489510; it\'s \"urgent\"	met tab'),
(11,'Pieter','Dekker','pieter.dekker74@gmail.com','06 14838461','NL80SNSB1666376947','Nijmegen','1972-12-12',0,'Belde op 06 14838461; it\'s \"urgent\"	met tab'),
(12,'Loïs','Jansen','lois.jansen60@outlook.com','06 44187412','NL07INGB2373969843','Amsterdam','1974-01-13',1,'Belde op 06 44187412; it\'s \"urgent\"	met tab'),
(13,'Sanne','Bakker','sanne.bakker70@outlook.com','06 33536363','NL33INGB7201773641','Eindhoven','1976-02-14',0,'Belde op 06 33536363; it\'s \"urgent\"	met tab'),
(14,'Bram','Groot','bram.groot29@kpnmail.nl','06 22885314','NL75SNSB1416199293','Rotterdam','1978-03-15',0,'Belde op 06 22885314; it\'s \"urgent\"	met tab'),
(15,'Chloé','Mulder','chloe.mulder60@hotmail.com','06 12234265','NL41KNAB7416645260','Breda','1980-04-16',1,'Belde op 06 12234265; it\'s \"urgent\"	met tab'),
(16,'Jan','Claes','jan.claes7@kpnmail.nl','06 41583216','NL64BUNQ5460529038','Leeuwarden','1982-05-17',0,'Belde op 06 41583216; it\'s \"urgent\"	met tab'),
(17,'Daan','Kok','daan.kok86@kpnmail.nl','06 30932167','NL88ABNA4371616316','Amsterdam','1984-06-18',0,'Belde op 06 30932167; it\'s \"urgent\"	met tab'),
(18,'Emma','Groot','emma.groot18@telenet.be','06 20281118','NL92INGB3097372294','Eindhoven','1986-07-19',1,'Belde op 06 20281118; it\'s \"urgent\"	met tab'),
(19,'Noor','Brouwer','noor.brouwer55@kpnmail.nl','06 49630069','NL82TRIO9026414072','Rotterdam','1988-08-20',0,'Belde op 06 49630069; it\'s \"urgent\"	met tab'),
(20,'Emma','Dijkstra','emma.dijkstra48@gmail.com','06 38979020','NL61KNAB9474929416','Tilburg','1990-09-21',0,'Belde op 06 38979020; it\'s \"urgent\"	met tab');
/*!40000 ALTER TABLE `contacts` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `products`
--

DROP TABLE IF EXISTS `products`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `products` (
  `sku` varchar(20) NOT NULL,
  `name` varchar(80) DEFAULT NULL,
  `price` decimal(8,2) DEFAULT 0.00,
  PRIMARY KEY (`sku`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `products`
--

LOCK TABLES `products` WRITE;
/*!40000 ALTER TABLE `products` DISABLE KEYS */;
INSERT INTO `products` VALUES
('P-1','Koffie',12.50),
('P-2','Thee',4.25);
/*!40000 ALTER TABLE `products` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed
