public enum TarmacMain { public static func main() {} }
