"""govhall: an open platform for a government service centre (政务服务中心)."""
