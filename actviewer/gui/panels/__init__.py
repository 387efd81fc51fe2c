"""The sidebar and dock panels: activation picker, parameters, domain and device, Learn."""
