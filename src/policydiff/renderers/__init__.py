"""Renderers: one module per output format, each turning a model value into bytes."""
