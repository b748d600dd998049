import type { ButtonHTMLAttributes } from "react";
import styles from "./button.module.css";

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "danger" | "dangerOutline";
  size?: "normal" | "small";
};

export function Button({ variant = "primary", size = "normal", className, type = "button", ...rest }: Props) {
  const classes = [styles.button, styles[variant], size === "small" ? styles.small : null, className];
  return <button type={type} className={classes.filter(Boolean).join(" ")} {...rest} />;
}
