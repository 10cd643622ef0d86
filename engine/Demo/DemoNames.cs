namespace CfgResults.Engine.Demo;

/// <summary>French names and places for the demo, in upper case as on CYCLADES documents.</summary>
internal static class DemoNames
{
    /// <summary>Family names, with accents, hyphens, apostrophes and compound names on purpose (sorting, PDF fonts, CSV).</summary>
    public static readonly string[] LastNames =
    [
        "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
        "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
        "MOREL", "GIRARD", "ANDRÉ", "LEFEBVRE", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ",
        "LEGRAND", "GARNIER", "FAURE", "ROUSSEAU", "BLANC", "GUÉRIN", "MULLER", "HENRY", "ROUSSEL", "NICOLAS",
        "PERRIN", "MORIN", "MATHIEU", "CLÉMENT", "GAUTHIER", "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN",
        "MASSON", "SANCHEZ", "GÉRARD", "NGUYEN", "BOYER", "DENIS", "LEMAIRE", "DUVAL", "JOLY", "GAUTIER",
        "ROGER", "ROCHE", "ROY", "NOËL", "MEYER", "LUCAS", "MEUNIER", "PÉREZ", "MARCHAND", "DUFOUR",
        "BLANCHARD", "BARBIER", "BRUN", "DUMAS", "BRUNET", "SCHMITT", "LEROUX", "COLIN", "FERNANDEZ", "RENARD",
        "ARNAUD", "ROLLAND", "CARON", "AUBERT", "GIRAUD", "LECLERC", "VIDAL", "BOURGEOIS", "RENAUD", "LEMOINE",
        "PICARD", "GAILLARD", "LACROIX", "FABRE", "DUPUIS", "OLIVIER", "RODRIGUEZ", "DA SILVA", "HUBERT", "RIVIÈRE",
        "D'ALMEIDA", "N'DIAYE", "N'GUESSAN", "LE GALL", "LE GOFF", "LE BIHAN", "DE LA FONTAINE", "SAINT-MARTIN", "ÉTIENNE", "BÉNARD",
        "DIALLO", "TRAORÉ", "KONÉ", "COULIBALY", "BENALI", "HADDAD", "EL AMRANI", "DOS SANTOS", "FERREIRA", "PEREIRA",
        "YILMAZ", "ÇELIK", "KOWALSKI", "NOWAK", "DELACROIX-BRUNEL", "MOREAU-DUVAL", "L'HERMITTE", "D'ARGENT", "LÉGER", "CÔTÉ",
        "ROSE BONBON", "VERT POMME", "VERT SAPIN", "ANTHRACITE", "IVOIRE", "LAVANDE", "CARMIN", "ARGENT", "FUSCHIA", "ROUGE",
    ];

    public static readonly string[] FirstNames =
    [
        "GABRIEL", "LÉO", "RAPHAËL", "ARTHUR", "LOUIS", "JULES", "ADAM", "LUCAS", "HUGO", "NATHAN",
        "YANIS", "THÉO", "ENZO", "MATHÉO", "NOÉ", "ÉMILE", "SACHA", "MOHAMED", "IBRAHIMA", "MAMADOU",
        "JEAN-BAPTISTE", "PIERRE", "PAUL", "ALEXIS", "JULIEN", "CLÉMENT", "THOMAS", "KÉVIN", "ANTOINE", "MAËL",
        "JADE", "LOUISE", "EMMA", "ALICE", "AMBRE", "LINA", "MANON", "CHLOÉ", "LÉA", "ZOÉ",
        "INÈS", "ANAÏS", "NOÉMIE", "HÉLOÏSE", "MAËLYS", "CAMILLE", "SARAH", "LUDIVINE", "CARINE", "ÉMILIE",
        "MARIE-ÈVE", "ANNE-SOPHIE", "AYA", "FATOUMATA", "YASMINE", "MARGAUX", "ROSE", "CLÉMENCE", "OCÉANE", "AÏCHA",
        "PHILIPPE", "ALAN", "JOHN", "JEAN", "MARIE", "FRANÇOIS", "JOSÉ", "DAMIEN", "ÉLOÏSE", "CÉLIA",
    ];

    /// <summary>The memo's display-list example (CLG FRANCO ALLEMAND – BUC, all admitted): family name, first names.</summary>
    public static readonly (string LastName, string FirstNames)[] MemoExample =
    [
        ("ANTHRACITE", "THOMAS"), ("ARGENT", "CARINE"), ("BLANC", "HUGO PHILIPPE PIERRE"), ("BRUN", "ALEXIS"),
        ("CARMIN", "JULIEN PIERRE"), ("FUSCHIA", "JULIEN CLÉMENT"), ("GREEN", "JOHN"), ("IVOIRE", "CHLOE EMILIE"),
        ("LAVANDE", "ALEXANDRE"), ("ROSE BONBON", "LUDIVINE"), ("ROUGE", "ARTHUR"), ("VERT POMME", "CLÉMENT ALAN"),
        ("VERT SAPIN", "AMBRE"),
    ];

    public static readonly string[] SchoolNames =
    [
        "JEAN MOULIN", "LES GRANDS CHAMPS", "PIERRE ET MARIE CURIE", "VICTOR HUGO", "JULES FERRY", "ALBERT CAMUS",
        "ANTOINE DE SAINT-EXUPÉRY", "JEAN JAURÈS", "LOUIS PASTEUR", "JEAN DE LA FONTAINE", "GEORGE SAND", "SIMONE VEIL",
        "RENÉ CASSIN", "JEAN-PHILIPPE RAMEAU", "CHARLES PÉGUY", "DE L'EUROPE", "LES SABLONS", "MARCEL PAGNOL",
        "ÉMILE ZOLA", "PAUL ÉLUARD", "GUY DE MAUPASSANT", "LA CERISAIE", "ARTHUR RIMBAUD", "ANNE FRANK",
        "CAMILLE CLAUDEL", "JACQUES PRÉVERT", "LES CHÊNES", "DU PARC", "LÉONARD DE VINCI", "JEAN MONNET",
        "JEAN ROSTAND", "CONDORCET", "VOLTAIRE", "MOLIÈRE", "GALILÉE", "LAVOISIER", "LES TILLEULS", "LE BOIS D'AULNE",
        "GÉRARD PHILIPE", "ROSA PARKS", "NELSON MANDELA", "OLYMPE DE GOUGES", "MARIE CURIE", "LOUISE MICHEL",
    ];

    /// <summary>Départements of the académie de Versailles with a weight (rough share of pupils) and real towns.</summary>
    public static readonly (string Code, double Weight, string[] Towns)[] Departments =
    [
        ("78", 0.30, ["BUC", "VERSAILLES", "SAINT-GERMAIN-EN-LAYE", "MANTES-LA-JOLIE", "POISSY", "SARTROUVILLE", "TRAPPES",
            "PLAISIR", "LES MUREAUX", "GUYANCOURT", "RAMBOUILLET", "CONFLANS-SAINTE-HONORINE", "ÉLANCOURT",
            "MONTIGNY-LE-BRETONNEUX", "CHATOU", "LE CHESNAY-ROCQUENCOURT", "HOUILLES", "VÉLIZY-VILLACOUBLAY", "L'ÉTANG-LA-VILLE"]),
        ("92", 0.26, ["NANTERRE", "BOULOGNE-BILLANCOURT", "COLOMBES", "ASNIÈRES-SUR-SEINE", "COURBEVOIE", "RUEIL-MALMAISON",
            "ISSY-LES-MOULINEAUX", "LEVALLOIS-PERRET", "ANTONY", "CLAMART", "GENNEVILLIERS", "SURESNES", "MONTROUGE",
            "MEUDON", "CLICHY", "BAGNEUX", "CHÂTENAY-MALABRY", "VILLENEUVE-LA-GARENNE"]),
        ("91", 0.24, ["ÉVRY-COURCOURONNES", "CORBEIL-ESSONNES", "MASSY", "SAVIGNY-SUR-ORGE", "SAINTE-GENEVIÈVE-DES-BOIS",
            "PALAISEAU", "ATHIS-MONS", "VIRY-CHÂTILLON", "DRAVEIL", "GRIGNY", "ÉTAMPES", "BRÉTIGNY-SUR-ORGE", "LES ULIS",
            "YERRES", "RIS-ORANGIS", "BRUNOY", "ORSAY", "DOURDAN"]),
        ("95", 0.20, ["ARGENTEUIL", "CERGY", "SARCELLES", "GARGES-LÈS-GONESSE", "FRANCONVILLE", "GOUSSAINVILLE", "PONTOISE",
            "BEZONS", "ERMONT", "VILLIERS-LE-BEL", "GONESSE", "SAINT-OUEN-L'AUMÔNE", "TAVERNY", "HERBLAY-SUR-SEINE",
            "SANNOIS", "EAUBONNE", "L'ISLE-ADAM"]),
    ];
}
