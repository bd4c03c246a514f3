namespace FoscamPS.Emulator;

public static class Program
{
    public static int Main(string[] args)
    {
        System.Console.WriteLine("emulator placeholder");
        return 0;
    }
}
