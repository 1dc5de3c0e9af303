terraform {
  # optional() object attributes need 1.3.
  required_version = ">= 1.3.0"

  required_providers {
    dns = {
      source  = "hashicorp/dns"
      version = "~> 3.4"
    }
  }
}
