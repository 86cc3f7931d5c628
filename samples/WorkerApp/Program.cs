using WorkerApp;

var builder = Host.CreateApplicationBuilder(args);

// The encrypted file joins the configuration like appsettings.json; it is decrypted once at start-up (and
// again when it changes). A missing key or a MAC mismatch stops start-up with the file and the reason.
builder.Configuration.AddSopsFile("secrets.enc.yaml", optional: false, reloadOnChange: true);

builder.Services.AddHostedService<Worker>();
builder.Build().Run();
