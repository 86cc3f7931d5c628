using SopsNet;

// A type and a value from the package's public API: it restored, compiled against and loaded the package.
Console.WriteLine($"{typeof(SopsError).FullName} {(int)SopsError.MacMismatch}");
