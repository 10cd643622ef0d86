Console.WriteLine("CfgResults benchmark");
