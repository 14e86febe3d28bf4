public enum PlannerPlaceholder {}
