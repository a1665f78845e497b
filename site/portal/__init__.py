"""The SNMS portal: a Wagtail suite for scientific-methodological support of teachers."""
